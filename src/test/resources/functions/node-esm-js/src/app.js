// ES module syntax in a .js file: package.json says "type": "module".
import { basename } from 'node:path';

export async function handler(event) {
  return { via: 'esm .js', file: basename(new URL(import.meta.url).pathname), event };
}
