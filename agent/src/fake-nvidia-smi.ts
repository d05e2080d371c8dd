// Test support (not part of the package API): a stand-in for NVIDIA's nvidia-smi, the external
// hardware tool the agent queries, so GPU agents can be tested on machines without GPUs.
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface FakeGpu {
  index: number;
  name: string;
  memoryMiB: number;
}

/**
 * Writes an executable that answers the agent's two queries: the GPU list, and for sampling,
 * utilisation 40 + index and memory 1000 + index for each GPU asked about with -i.
 */
export async function writeFakeNvidiaSmi(dir: string, gpus: readonly FakeGpu[], name = 'nvidia-smi'): Promise<string> {
  const list = gpus.map((g) => `${g.index}, ${g.name}, ${g.memoryMiB}, GPU-fake-${g.index}`).join('\\n');
  const path = join(dir, name);
  await writeFile(
    path,
    `#!/bin/sh
ids=""
query=""
while [ $# -gt 0 ]; do
  case "$1" in
    --query-gpu=*) query="\${1#--query-gpu=}" ;;
    -i) shift; ids="$1" ;;
  esac
  shift
done
case "$query" in
  index,name,memory.total,uuid) ${gpus.length === 0 ? 'echo "No devices were found"; exit 6' : `printf '${list}\\n'`} ;;
  index,utilization.gpu,memory.used)
    for i in $(echo "$ids" | tr ',' ' '); do echo "$i, $((40 + i)), $((1000 + i))"; done ;;
  *) echo "unexpected query $query" >&2; exit 2 ;;
esac
`,
  );
  await chmod(path, 0o755);
  return path;
}

/** An nvidia-smi that fails the way it does when the driver is not loaded. */
export async function writeBrokenNvidiaSmi(dir: string): Promise<string> {
  const path = join(dir, 'broken-nvidia-smi');
  await writeFile(path, `#!/bin/sh\necho "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver."\nexit 9\n`);
  await chmod(path, 0o755);
  return path;
}
