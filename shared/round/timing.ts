import type { NetSettings } from '../net/faults';
import type { Scenario } from './scenarios';

/**
 * Settings under which the lessons can happen (GAME.md "Time, and what an endpoint can know").
 * Times are network time: the pair's clock stands still while a person is being the stack, so
 * only flights and timers count. With no loss a retransmission timer must never fire, so the RTO
 * must outlast the longest wait for an acknowledgment (a round trip: two one-way delays, or more
 * where the scenario holds a segment back); and TIME_WAIT must outlast the peer's RTO and the
 * flights of its repeated FIN, so a lost final ACK can be sent again.
 */

/** The longest one-way delay the settings allow: a reordered segment is held a whole range longer. */
export function largestDelay(net: Pick<NetSettings, 'delayMax' | 'reorder'>): number {
  return net.delayMax + (net.reorder > 0 ? net.delayMax + 1 : 0);
}

export interface TimingIssue {
  field: 'rtoMs' | 'mslMs';
  code: 'rto-too-short' | 'msl-too-short';
  /** The smallest value (ms) that would do. */
  minimum: number;
  message: { en: string; 'zh-CN': string };
}

const sec = (ms: number): string => `${Math.round(ms / 100) / 10}`;

/** Why these timers would break a lesson, or [] when they are fine. */
export function timingIssues(
  s: { rtoMs: number; mslMs: number; net: Pick<NetSettings, 'delayMax' | 'reorder'> },
  scenario?: Pick<Scenario, 'rtoFlights' | 'title'>,
): TimingIssue[] {
  const issues: TimingIssue[] = [];
  const d = largestDelay(s.net);
  const flights = scenario?.rtoFlights ?? 2;
  if (s.rtoMs <= flights * d) {
    const minimum = flights * d + 1;
    const why = flights === 2
      ? {
          en: `a round trip (2 × the largest delay, ${sec(2 * d)} s)`,
          'zh-CN': `一个往返时间（最大延迟的 2 倍，${sec(2 * d)} 秒）`,
        }
      : {
          en: `the ${flights} one-way delays its SYN waits in "${scenario?.title.en ?? ''}" (${flights} × the largest delay, ${sec(flights * d)} s)`,
          'zh-CN': `“${scenario?.title['zh-CN'] ?? ''}”中 SYN 要等待的 ${flights} 个单程延迟（最大延迟的 ${flights} 倍，${sec(flights * d)} 秒）`,
        };
    issues.push({
      field: 'rtoMs',
      code: 'rto-too-short',
      minimum,
      message: {
        en: `The retransmission timeout must be longer than ${why.en}: otherwise timers fire although nothing was lost. Use at least ${sec(minimum)} s, or shorten the delay.`,
        'zh-CN': `重传超时必须长于${why['zh-CN']}，否则即使没有丢包计时器也会超时。请至少设为 ${sec(minimum)} 秒，或缩短延迟。`,
      },
    });
  }
  if (2 * s.mslMs <= s.rtoMs + 2 * d) {
    const minimum = Math.floor((s.rtoMs + 2 * d) / 2) + 1;
    issues.push({
      field: 'mslMs',
      code: 'msl-too-short',
      minimum,
      message: {
        en: `2×MSL must be longer than the RTO plus a round trip (${sec(s.rtoMs + 2 * d)} s): otherwise TIME_WAIT ends before a lost final ACK's repeated FIN arrives. Use an MSL of at least ${sec(minimum)} s.`,
        'zh-CN': `2×MSL 必须长于 RTO 加一个往返时间（${sec(s.rtoMs + 2 * d)} 秒），否则最后的 ACK 丢失时，重传的 FIN 还没到 TIME_WAIT 就结束了。请把 MSL 至少设为 ${sec(minimum)} 秒。`,
      },
    });
  }
  return issues;
}
