/** How a baseline runs as a process under the bench harness (startNodeApp from @fraudwatch/stack sets PORT and HOST). */

/** The address the harness assigned. */
export function listenAddress(): { port: number; host: string } {
  return { port: Number(process.env.PORT ?? 0), host: process.env.HOST ?? '127.0.0.1' };
}

/** Exit (rather than die of the signal) on SIGTERM, so that `node --cpu-prof` writes its profile. */
export function exitOnSigterm(): void {
  process.once('SIGTERM', () => process.exit(0));
}
