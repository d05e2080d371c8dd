// One GPU of an agent in words, for the agents page. Pure.

export interface GpuFigures {
  index: number;
  name: string;
  memoryMiB?: number | null;
  utilization?: number | null;
  memoryUsedMiB?: number | null;
}

const gib = (mib: number): string => String(Math.round((mib / 1024) * 10) / 10);

/**
 * "#0 H100 · 87% busy · 40.1 of 80 GiB". The agent reads every GPU, idle ones too, so a GPU
 * without a recent reading is one nvidia-smi did not answer for: "#0 H100 · 80 GiB · no reading".
 */
export function gpuUsageText(g: GpuFigures): string {
  const head = `#${g.index} ${g.name}`;
  const reading = g.utilization != null || g.memoryUsedMiB != null;
  if (!reading) return `${head}${g.memoryMiB ? ` · ${gib(g.memoryMiB)} GiB` : ''} · no reading`;
  const busy = g.utilization != null ? ` · ${Math.round(g.utilization)}% busy` : '';
  const mem = g.memoryUsedMiB != null ? ` · ${gib(g.memoryUsedMiB)}${g.memoryMiB ? ` of ${gib(g.memoryMiB)}` : ''} GiB` : '';
  return `${head}${busy}${mem}`;
}
