/**
 * Waits for `p`, but no longer than `ms`: true when it settled in time. A rejection counts as
 * settled (callers attach their own handling); what runs on after a timeout is not cancelled.
 */
export async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), ms); });
  try {
    return await Promise.race([p.then(() => true, () => true), late]);
  } finally {
    clearTimeout(timer);
  }
}
