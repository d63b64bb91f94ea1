import type { Endpoint } from '../tcp/endpoint';
import type { Side } from '../tcp/types';
import type { Scenario, ScriptedCall, Trigger } from './scenarios';

/** Whether a trigger holds for an endpoint now. */
export function triggerHolds(trigger: Trigger, ep: Endpoint): boolean {
  if ('at' in trigger) return true;
  if ('state' in trigger) return ep.state === trigger.state;
  if ('received' in trigger) return ep.receivedBytes >= trigger.received;
  if ('sentAll' in trigger) return ep.queued === 0;
  return ep.queued === 0 && ep.unacked.length === 0;
}

/** The next scripted call of `side` if it is due now, else undefined. */
export function dueCall(scenario: Scenario, side: Side, nextIndex: number, ep: Endpoint): ScriptedCall | undefined {
  const call = scenario.calls[side][nextIndex];
  return call && triggerHolds(call.when, ep) ? call : undefined;
}
