/**
 * Joins the calls made in one turn of the event loop into one: concurrent requests to one
 * predictor then share a Redis command (one MGET, one FCALL) instead of paying a round trip,
 * a command and a function call each. DataLoader does the scheduling and hands each caller its
 * share of the result or of the failure; here a "key" is one caller's whole list of items.
 */
import DataLoader from 'dataloader';

export function coalesce<I, O>(run: (items: readonly I[]) => Promise<readonly O[]>): (items: readonly I[]) => Promise<O[]> {
  const loader = new DataLoader<readonly I[], O[]>(
    async (groups) => {
      const results = await run(groups.flat());
      let at = 0;
      return groups.map((group) => results.slice(at, (at += group.length)));
    },
    // Every request's callback of this turn, not only those of one callback's microtasks.
    { cache: false, batchScheduleFn: (dispatch) => setImmediate(dispatch) },
  );
  return (items) => loader.load(items);
}
