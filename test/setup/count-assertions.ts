import { afterAll, afterEach, expect } from 'vitest';
import fs from 'node:fs';
let total = 0;
afterEach(() => { total += expect.getState().assertionCalls; });
afterAll(() => { const dir = process.env['ASSERTION_COUNT_DIR']; if (dir) fs.appendFileSync(`${dir}/${process.pid}.txt`, `${total}\n`); total = 0; });
