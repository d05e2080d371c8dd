/**
 * Version-1 searcher states (before samplers kept their own state), saved mid-sweep by the
 * core as it was before the sampler registry (ask-tell, seed 7), with the replies that core
 * gave to the requests that followed: an upgraded state must continue exactly so.
 * bayes: Sobol seed and index and a GP warm start; pbt: a queued child.
 * The two bayes replies were recomputed when asks made while trials run (trial 7 is pending)
 * moved from EI to a lower confidence bound (GP-BUCB): a change of the rule, not of the state,
 * so the old state must still lead to exactly what the current core proposes from it.
 */
export const V1_FIXTURES = {
 "bayes": {
  "config": {
   "method": "bayes",
   "metric": {
    "name": "loss",
    "goal": "minimize"
   },
   "parameters": {
    "lr": {
     "min": 0.0001,
     "max": 0.1,
     "distribution": "log_uniform_values"
    },
    "width": {
     "values": [
      16,
      32,
      64,
      128
     ]
    }
   }
  },
  "seed": 7,
  "state": {
   "version": 1,
   "rng": {
    "s": [
     3063006798,
     1167793443,
     1692766858,
     2658208069
    ]
   },
   "nextTrial": 8,
   "gridCursor": 0,
   "exhausted": false,
   "trials": {
    "0": {
     "params": {
      "lr": 0.0002894569071653816,
      "width": 128
     },
     "status": "completed",
     "source": "sobol",
     "value": 2.07830796064709
    },
    "1": {
     "params": {
      "lr": 0.044345342143419515,
      "width": 16
     },
     "status": "completed",
     "source": "sobol",
     "value": 1.8777603580769118
    },
    "2": {
     "params": {
      "lr": 0.014479470106526587,
      "width": 64
     },
     "status": "completed",
     "source": "sobol",
     "value": 0.4365940890984131
    },
    "3": {
     "params": {
      "lr": 0.003066570690212321,
      "width": 32
     },
     "status": "completed",
     "source": "sobol",
     "value": 0.2501781429310774
    },
    "4": {
     "params": {
      "lr": 0.0007746803433228448,
      "width": 32
     },
     "status": "completed",
     "source": "gp-local",
     "value": 0.6231712755917509
    },
    "5": {
     "params": {
      "lr": 0.011495428102913926,
      "width": 32
     },
     "status": "completed",
     "source": "gp-local",
     "value": 0.5641884432562847
    },
    "6": {
     "params": {
      "lr": 0.0009470424135659457,
      "width": 16
     },
     "status": "completed",
     "source": "gp-local",
     "value": 0.8366889744232331
    },
    "7": {
     "params": {
      "lr": 0.004372042676876773,
      "width": 64
     },
     "status": "pending",
     "source": "gp-local"
    }
   },
   "sobolSeed": 3829615716,
   "sobolIndex": 4,
   "gp": {
    "logLs": [
     -0.9462721558643417,
     -0.7088630595985184
    ],
    "logSignal": 0.21024597744369677,
    "logNoise": -6.948131146381494,
    "n": 7
   }
  },
  "next": [
   [
    {
     "op": "ask"
    },
    {
     "trial": 8,
     "params": {
      "lr": 0.004088721203863522,
      "width": 32
     }
    }
   ],
   [
    {
     "op": "ask"
    },
    {
     "trial": 9,
     "params": {
      "lr": 0.002841541000279013,
      "width": 32
     }
    }
   ]
  ]
 },
 "pbt": {
  "config": {
   "method": "pbt",
   "metric": {
    "name": "loss",
    "goal": "minimize"
   },
   "parameters": {
    "lr": {
     "min": 0.0001,
     "max": 0.1,
     "distribution": "log_uniform_values"
    },
    "width": {
     "values": [
      16,
      32,
      64,
      128
     ]
    }
   },
   "pbt": {
    "population_size": 4,
    "interval": 2
   }
  },
  "seed": 7,
  "state": {
   "version": 1,
   "rng": {
    "s": [
     3036906767,
     4083831277,
     850620313,
     1621901661
    ]
   },
   "nextTrial": 4,
   "gridCursor": 0,
   "exhausted": false,
   "trials": {
    "0": {
     "params": {
      "lr": 0.0002894569071653816,
      "width": 128
     },
     "status": "pending",
     "source": "pbt-founder",
     "reports": [
      [
       1,
       4.15661592129418
      ],
      [
       2,
       2.07830796064709
      ]
     ],
     "value": 2.07830796064709,
     "checkpoint": 2
    },
    "1": {
     "params": {
      "lr": 0.044345342143419515,
      "width": 16
     },
     "status": "pending",
     "source": "pbt-founder",
     "reports": [
      [
       1,
       4.755520716153823
      ],
      [
       2,
       2.8777603580769116
      ]
     ],
     "value": 2.8777603580769116,
     "checkpoint": 2
    },
    "2": {
     "params": {
      "lr": 0.014479470106526587,
      "width": 64
     },
     "status": "pending",
     "source": "pbt-founder",
     "reports": [
      [
       1,
       2.873188178196826
      ],
      [
       2,
       2.436594089098413
      ]
     ],
     "value": 2.436594089098413,
     "checkpoint": 2
    },
    "3": {
     "params": {
      "lr": 0.003066570690212321,
      "width": 32
     },
     "status": "pending",
     "source": "pbt-founder",
     "reports": [
      [
       1,
       3.500356285862155
      ],
      [
       2,
       3.250178142931077
      ]
     ],
     "value": 3.250178142931077,
     "checkpoint": 2
    }
   },
   "sobolSeed": 3829615716,
   "sobolIndex": 4,
   "pbtQueue": [
    {
     "params": {
      "lr": 0.0002315655257323053,
      "width": 128
     },
     "restore": {
      "trial": 0,
      "step": 2
     }
    }
   ]
  },
  "next": [
   [
    {
     "op": "ask"
    },
    {
     "trial": 4,
     "params": {
      "lr": 0.0002315655257323053,
      "width": 128
     },
     "restore": {
      "trial": 0,
      "step": 2
     }
    }
   ],
   [
    {
     "op": "report",
     "trial": 4,
     "step": 3,
     "value": 0.5,
     "checkpoint": true
    },
    {
     "decision": "continue"
    }
   ],
   [
    {
     "op": "report",
     "trial": 1,
     "step": 4,
     "value": 9,
     "checkpoint": true
    },
    {
     "decision": "stop",
     "evidence": {
      "rule": "pbt",
      "step": 4,
      "quantile": 0.25,
      "rank": 5,
      "population": 5,
      "value": 9,
      "threshold": 2.436594089098413,
      "parent": 4,
      "parent_value": 0.5,
      "restore": {
       "trial": 4,
       "step": 3
      },
      "child_params": {
       "lr": 0.0009469713270848444,
       "width": 64
      }
     }
    }
   ],
   [
    {
     "op": "ask"
    },
    {
     "trial": 5,
     "params": {
      "lr": 0.0009469713270848444,
      "width": 64
     },
     "restore": {
      "trial": 4,
      "step": 3
     }
    }
   ],
   [
    {
     "op": "ask"
    },
    {
     "done": true
    }
   ]
  ]
 }
} as const;
