/**
 * What a hostile client sends, as fast-check arbitraries: a message type (real intents, the
 * wildcard, prototype names, random strings and numbers) and a payload that starts from a valid
 * one and is broken on purpose (wrong types, missing and extra fields, huge and negative numbers,
 * NaN, long strings, __proto__ / constructor keys, arrays, binary), or is anything at all.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { FLAGS, HOST_INTENTS, INTENTS, SCENARIO_IDS, STUDENT_INTENTS, TCP_STATES, type IntentType } from '../../../shared/index';

/** Planted in generated strings: the server's log must never contain it (SECURITY.md, "What is logged"). */
export const MARKER = 'FUZZ-MARKER-7f3a';

const INTENT_TYPES = Object.keys(INTENTS) as IntentType[];

const hostileNumber = fc.oneof(
  fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, -1, 2 ** 32, 2 ** 32 - 1, 2 ** 53, -(2 ** 53), 1e308, -1e308, Number.MIN_VALUE, 0.5, 1e-9),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
  fc.double({ noNaN: false }),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
);

const protoKeys = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__');

/** An object whose own keys are prototype names (as JSON.parse or msgpack would make it). */
const protoObject = fc
  .tuple(protoKeys, fc.oneof(fc.constant({ polluted: true }), fc.constant(1), fc.string({ maxLength: 5 })))
  .map(([k, v]) => JSON.parse(`{${JSON.stringify(k)}: ${JSON.stringify(v)}, "polluted": 1}`) as Record<string, unknown>);

const longString = fc.oneof(
  fc.integer({ min: 100, max: 7000 }).map((n) => `${MARKER}${'x'.repeat(n)}`),
  fc.string({ unit: 'binary', maxLength: 200 }).map((s) => `${MARKER}${s}`),
  fc.constantFrom(`${MARKER}\u0000\u202e\ud800`, `${MARKER}${'汉'.repeat(2000)}`, `${MARKER}%s%n%x`, `${MARKER}<script>alert(1)</script>`),
);

/** Any single hostile value. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileNumber },
  { weight: 2, arbitrary: longString },
  { weight: 2, arbitrary: protoObject },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, true, false, '', [], {}, [[[]]], new Uint8Array([1, 2, 3]), new Date(0)) },
  { weight: 3, arbitrary: fc.anything({ maxDepth: 2, maxKeys: 4, withBigInt: true, withDate: true, withNullPrototype: true, withTypedArray: true, withSparseArray: true, withMap: true, withSet: true, withBoxedValues: true }) },
);

/** A teacher's scenario file that reads and can be played to its end (the custom scenarios' fixture). */
const SCENARIO_FILE = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'scenarios', 'server-first.json'), 'utf8')) as Record<string, unknown>;

const segment = fc.record({
  flags: fc.subarray([...FLAGS]),
  seq: fc.nat({ max: 2 ** 32 - 1 }),
  ack: fc.nat({ max: 2 ** 32 - 1 }),
  len: fc.nat({ max: 1500 }),
});

/** A payload valid for the intent (before it is broken). */
function validPayload(type: IntentType): fc.Arbitrary<Record<string, unknown>> {
  switch (type) {
    case 'sendSegment':
      return fc.tuple(segment, fc.option(fc.constantFrom(...TCP_STATES), { nil: undefined })).map(([s, state]) => (state ? { ...s, state } : s));
    case 'declareState':
      return fc.record({ state: fc.constantFrom(...TCP_STATES) });
    case 'configureRound':
      return fc.record(
        {
          scenario: fc.constantFrom(...SCENARIO_IDS),
          mode: fc.constantFrom('practice', 'assessment'),
          rtoMs: fc.integer({ min: 1000, max: 300_000 }),
          mslMs: fc.integer({ min: 1000, max: 300_000 }),
          timeBonus: fc.boolean(),
          net: fc.record({ loss: fc.double({ min: 0, max: 1, noNaN: true }), delayMin: fc.nat({ max: 3000 }), delayMax: fc.nat({ max: 5000 }), duplicate: fc.double({ min: 0, max: 1, noNaN: true }), reorder: fc.double({ min: 0, max: 1, noNaN: true }) }, { requiredKeys: [] }),
        },
        { requiredKeys: [] },
      );
    case 'setPairs':
      return fc.record({ pairs: fc.array(fc.record({ a: fc.constantFrom('p1', 'p2', 'p3', 'p4', 'px'), b: fc.option(fc.constantFrom('p1', 'p2', 'p3', 'p4'), { nil: null }) }), { maxLength: 4 }) });
    case 'injectFault':
      return fc.record({ target: fc.constantFrom('all', 'pair1', 'pair2', 'pair9'), kind: fc.constantFrom('drop-next', 'delay-next', 'stale-syn'), flag: fc.constantFrom('SYN', 'ACK', 'FIN'), ms: fc.integer({ min: 1, max: 120_000 }) }, { requiredKeys: ['target', 'kind'] });
    case 'watchPair':
      return fc.record({ pairId: fc.option(fc.constantFrom('pair1', 'pair2', 'pair9'), { nil: null }) });
    case 'addScenario':
      // The file whole (the class checks it by playing it, and lists it) or broken inside; then, like
      // every payload, the message around it may be broken too.
      return fc.tuple(fc.constantFrom('custom-fuzz-a', 'custom-fuzz-b'), fc.boolean()).chain(([id, whole]) => {
        const file = { ...SCENARIO_FILE, id };
        return (whole ? fc.constant(file) : broken(fc.constant(file))).map((scenario) => ({ scenario }));
      });
    default:
      return fc.constant({});
  }
}

/** Break a valid payload: one or a few mutations, or replace it outright. */
function broken(valid: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<unknown> {
  const mutation = fc.oneof(
    fc.record({ op: fc.constant('drop' as const), key: fc.nat() }),
    fc.record({ op: fc.constant('set' as const), key: fc.nat(), value: hostileValue }),
    fc.record({ op: fc.constant('extra' as const), key: fc.oneof(protoKeys, fc.string({ maxLength: 20 })), value: hostileValue }),
  );
  return fc.oneof(
    { weight: 1, arbitrary: valid },
    {
      weight: 6,
      arbitrary: fc.tuple(valid, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([v, ms]) => {
        const o: Record<string, unknown> = { ...v };
        for (const m of ms) {
          const keys = Object.keys(o);
          if (m.op === 'drop' && keys.length > 0) delete o[keys[m.key % keys.length] as string];
          else if (m.op === 'set' && keys.length > 0) o[keys[m.key % keys.length] as string] = m.value;
          else if (m.op === 'extra') Object.defineProperty(o, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
        }
        return o;
      }),
    },
    { weight: 1, arbitrary: valid.map((v) => [v]) },
    { weight: 2, arbitrary: hostileValue },
  );
}

export interface FuzzInput {
  type: string | number;
  payload: unknown;
}

/** A message type: mostly real intents, else the wildcard, prototype names, and random strings or numbers. */
const messageType: fc.Arbitrary<string | number> = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom<string | number>(...INTENT_TYPES) },
  { weight: 1, arbitrary: fc.constantFrom<string | number>('*', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '__no_message_handler', '', 'SENDSEGMENT', 'sendSegment ', `${MARKER}-type`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
  { weight: 1, arbitrary: fc.oneof(fc.integer({ min: -1e6, max: 1e6 }), fc.constantFrom(0, -1, 1.5, 2 ** 40)) },
);

export const fuzzInput: fc.Arbitrary<FuzzInput> = messageType.chain((type) =>
  (typeof type === 'string' && type in INTENTS ? broken(validPayload(type as IntentType)) : fc.oneof(hostileValue, fc.constant(undefined))).map((payload) => ({ type, payload })),
);

export const isHostIntent = (t: unknown): boolean => typeof t === 'string' && (HOST_INTENTS as readonly string[]).includes(t);
export const isStudentIntent = (t: unknown): boolean => typeof t === 'string' && (STUDENT_INTENTS as readonly string[]).includes(t);
