import type { Principal } from '../auth/principal.js';
import type { Services } from '../services/index.js';

/** Hono context variables every handler can read. */
export interface AppEnv {
  Variables: {
    services: Services;
    principal: Principal | undefined;
    /** Whether cookies set on this response carry the Secure flag. */
    secureCookies: boolean;
    /** Set by the requestId middleware; in every log line of the request. */
    requestId: string;
    /** Set by a handler so the audit entry names the resource it created. */
    auditResourceId: string | undefined;
  };
}
