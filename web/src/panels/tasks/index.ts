/** The Tasks route: the board (/tasks) and each task's page (/tasks/<id>), one chunk. */
import './hive-tasks-panel.js';
import './hive-task-page.js';
