/**
 * The DOM panels of SYN/ACK. Every interactive element carries a stable `data-testid`, for
 * browser tests (tests/e2e) and for anyone scripting the page:
 *
 * Everywhere   lang-switch, home-link
 * Landing      join-form, join-code, join-nickname, join-submit, join-error,
 *              host-create, host-error, homework-open
 * Student      connection-status, lobby, lobby-welcome, lobby-partner, lobby-role, class-ended, back-home
 * Round        round, round-title, round-role, scene, score, streak, partner-status, feedback
 *              (with feedback-<field> per wrong field, data-rule = the rule id), composer,
 *              flag-SYN, flag-ACK, flag-FIN, flag-RST, flag-PSH (aria-pressed), seq-input, ack-input,
 *              len-input, ack-note, state-select, send-segment, declare-state, composer-error,
 *              inbox (list), inbox-item, inbox-empty
 * Homework     homework-form, homework-scenario, homework-side, homework-mode, homework-speed,
 *              homework-start, homework-again, homework-choose (+ the Round ids)
 * Host         host-notice, host-error, host-code, host-link, host-qr, open-projector,
 *              round-status, start-round, pause-round, resume-round, end-round, end-class, end-class-confirm,
 *              settings, scenario-select, mode-select, loss-input, delay-min-input, delay-max-input,
 *              duplicate-input, reorder-input, rto-input, msl-input, time-bonus-input, apply-settings,
 *              settings-status, roster, roster-<playerId>, pair-select-<playerId>, apply-pairs, auto-pairs,
 *              pairs-error, pair-grid, no-pairs, pair-<pairId>, pair-<pairId>-client-state,
 *              pair-<pairId>-server-state, watch-<pairId>,
 *              inject-<kind>-<pairId|all> with kind one of drop-next, drop-next-SYN, drop-next-ACK,
 *              drop-next-FIN, delay-next, stale-syn (e.g. inject-drop-next-pair1, inject-stale-syn-all)
 * Projector    projector, projector-error, projector-code, projector-link, projector-qr, projector-joined,
 *              projector-toggle, projector-pair-select, leaderboard, ladder, ladder-arrow, ladder-state
 */
export { header } from './header';
export { landing } from './landing';
export type { AppCtx, Screen } from './screen';
// Loaded on demand by main.ts: ./student, ./homework, ./projector, ./host/dashboard.
