import { z } from 'zod';

/**
 * Imported first by every entry point (the game, the review page, the import worker). zod 4 builds
 * its object parsers with `new Function` unless told not to, and decides when each schema is
 * created; the pages' Content-Security-Policy has no 'unsafe-eval', so the probe alone would be
 * reported as a violation. Jitless parsing is the same parsing, without eval.
 */
z.config({ jitless: true });
