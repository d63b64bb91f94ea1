/**
 * `npx tsx tests/shared/trace/record-digests.ts`: writes tests/fixtures/check-digests.json, the
 * digest of checkTrace's report on every trace of the corpus (corpus.ts). Run it only to record a
 * reference the checker must keep; same-answers.test.ts compares against it.
 */
import { writeFileSync } from 'node:fs';
import { checkTrace } from '../../../shared/trace/check';
import { corpus, digest, DIGESTS_FILE } from './corpus';

const digests: Record<string, string> = {};
for (const [name, trace] of corpus()) digests[name] = digest(checkTrace(trace));
writeFileSync(DIGESTS_FILE, `${JSON.stringify(digests, null, 1)}\n`);
console.log(`${Object.keys(digests).length} digests written`);
