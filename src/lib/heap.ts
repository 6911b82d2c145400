/**
 * How far V8 lets the heap grow between full collections. By default it lets the old generation
 * grow to up to four times what survived the last one before collecting again. Our processes keep
 * little alive (about 30 MB during a first sync of 100,000 candidates), but a page being synced or
 * served outlives young-generation collections and lands in the old generation as garbage; with
 * the default, a first sync of the 100k Sandbox peaked at 314 MB and a walk of its candidates at
 * 255 MB, with about 200 MB of heap of which 30–50 MB was alive. Growing by half instead cut those
 * peaks to 229 and 169 MB. The price: full collections of a 100k Greenhouse sync paused the main
 * thread for 0.55 s instead of 0.11 s (young-generation collections: 2.7 s either way); their
 * marking runs on V8's helper threads.
 *
 * Set at start, through V8's flags: V8 reads this one whenever it sizes the heap after a full
 * collection, and it has no other interface.
 */
import v8 from 'node:v8';

const HEAP_GROWING_PERCENT = 50;

export function limitHeapGrowth(): void {
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
