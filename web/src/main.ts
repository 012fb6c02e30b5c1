import { captureInstallPrompt } from './pwa/install-prompt.js';
import { registerServiceWorker } from './pwa/service-worker.js';
import { followSystemTheme } from './pwa/theme.js';
import './hive-app.js';

followSystemTheme();
captureInstallPrompt();
registerServiceWorker();
