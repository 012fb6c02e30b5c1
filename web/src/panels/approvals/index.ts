/** The Approvals route's chunk: the inbox, the page of one proposal, and the history with the allow-rules. */
import './hive-approvals-history-panel.js';
import './hive-approvals-panel.js';
import './hive-proposal-panel.js';
