import { captureInstallPrompt } from './pwa/install-prompt.js';
import { registerServiceWorker } from './pwa/service-worker.js';
import './hive-app.js';

captureInstallPrompt();
registerServiceWorker();
