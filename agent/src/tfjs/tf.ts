// The one place that imports TensorFlow.js, so every module shares its engine (and the backend
// a native package registers with it).
import * as tf from '@tensorflow/tfjs';

export { tf };
export type Tensor = tf.Tensor;
export type Variable = tf.Variable;
