/**
 * The DOM panels of SYN/ACK. Every interactive element carries a stable `data-testid`, for
 * browser tests (tests/e2e) and for anyone scripting the page:
 *
 * Everywhere   lang-switch, home-link
 * Landing      join-form, join-code, join-nickname, join-shared (the shared-computer box), join-submit, join-error,
 *              host-create, host-error, homework-open
 * Student      connection-status, lobby, lobby-welcome, lobby-partner, lobby-role (the coming round's),
 *              lobby-status, class-ended, back-home
 * Round        round, round-title, round-role, scene, clock-status (data-status: running, you, partner,
 *              both, paused, stopped), score, streak, score-held (assessment), partner-status, feedback
 *              (with feedback-<field> per wrong field, data-rule = the rule id, data-hint when it is the
 *              first-mistake hint; data-kind = done, handed-to-bot or ended at the end of a round),
 *              composer, flag-SYN, flag-ACK, flag-FIN, flag-RST, flag-PSH (aria-pressed), seq-input,
 *              ack-input, len-input, ack-note, textbook-hint, paste-hint, state-select, send-segment,
 *              declare-state, composer-error, composer-keys (the shortcuts listed), timer-status (the timers in words,
 *              for screen readers), inbox (list), inbox-item, inbox-empty,
 *              inbox-num (a number to paste; data-field seq/ack/len, data-value)
 * Homework     homework-form, homework-scenario, homework-side, homework-mode, homework-speed, homework-numbers,
 *              homework-start, homework-again, homework-choose (+ the Round ids)
 * Host         host-notice, host-error, host-code, host-link, host-qr, host-address-select, host-address-warning, open-projector,
 *              round-status, start-round, pause-round, resume-round, end-round, end-class, end-class-confirm,
 *              settings, scenario-select, mode-select, loss-input, delay-min-input, delay-max-input,
 *              duplicate-input, reorder-input, rto-input, msl-input, rto-error, msl-error, numbers-select,
 *              hint-after-input, answer-at-once-input, show-losses-input, auto-end-input, time-bonus-input,
 *              apply-settings, settings-status, roster, roster-<playerId>, pair-select-<playerId>,
 *              rename-<playerId>, rename-input-<playerId>, rename-save-<playerId>, rename-cancel-<playerId>,
 *              remove-<playerId>, block-<playerId>, confirm-<playerId> (the question), confirm-cancel-<playerId>,
 *              confirm-remove-<playerId> (the yes, for either removal), roster-error-<playerId>,
 *              class-size, class-size-input, class-size-apply, class-size-status, class-size-error,
 *              host-key-note, host-key-card, ended-host-key, copy-host-key, copy-status (the class ended here),
 *              apply-pairs, auto-pairs, pairs-error, pair-grid, no-pairs, all-done, all-done-end,
 *              pair-<pairId>, pair-<pairId>-client-state, pair-<pairId>-server-state,
 *              pair-<pairId>-<side>-owes, pair-<pairId>-no-lesson, hand-to-bot-<pairId>-<side>, watch-<pairId>,
 *              inject-<kind>-<pairId|all> with kind one of drop-next, drop-next-SYN, drop-next-ACK,
 *              drop-next-FIN, delay-next, stale-syn (e.g. inject-drop-next-pair1, inject-stale-syn-all)
 * Projector    projector, projector-error, projector-code, projector-link, projector-qr, projector-joined,
 *              projector-toggle, projector-pair-select, leaderboard, ladder, ladder-arrow, ladder-state
 */
export { header } from './header';
export { landing } from './landing';
export type { AppCtx, Screen } from './screen';
// Loaded on demand by main.ts: ./student, ./homework, ./projector, ./host/dashboard.
