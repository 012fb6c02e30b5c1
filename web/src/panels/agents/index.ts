/** The Agents route: the fleet (/agents) and each agent's page (/agents/<id>), one chunk. */
import './hive-agents-panel.js';
import './hive-agent-page.js';
