/** The Approvals route's chunk: the inbox and the page of one proposal. */
import './hive-approvals-panel.js';
import './hive-proposal-panel.js';
