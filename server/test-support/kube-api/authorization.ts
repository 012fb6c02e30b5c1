/**
 * Authentication by bearer token and RBAC authorization of resource requests, with the
 * real server's rule semantics (apiGroups × resources (incl. `pods/log`) × verbs ×
 * resourceNames, `*` wildcards). A Role's rules can be loaded from the k8s/ manifests, so
 * a test proves the driver needs no more than what we grant the hub.
 */
import { forbidden, unauthorized } from './status.js';

export interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
  resourceNames?: string[];
}

export interface Identity {
  token: string;
  username: string;
  /** Roles bound in each namespace; undefined means cluster-admin. */
  roles?: { namespace: string; rules: PolicyRule[] }[];
}

export interface ResourceAttributes {
  verb: string;
  group: string;
  /** `pods`, or `pods/log` for a subresource. */
  resource: string;
  namespace: string;
  name?: string;
}

export function authenticate(identities: Identity[], header: string | undefined): Identity {
  const token = /^Bearer (.+)$/.exec(header ?? '')?.[1];
  const identity = token ? identities.find((i) => i.token === token) : undefined;
  if (!identity) throw unauthorized();
  return identity;
}

const has = (list: string[] | undefined, value: string) => (list ?? []).includes('*') || (list ?? []).includes(value);

function allows(rule: PolicyRule, a: ResourceAttributes): boolean {
  if (!has(rule.apiGroups, a.group) || !has(rule.verbs, a.verb)) return false;
  const [base] = a.resource.split('/');
  const resourceOk = has(rule.resources, a.resource) || (a.resource.includes('/') && (rule.resources ?? []).includes(`${base}/*`));
  if (!resourceOk) return false;
  if (!rule.resourceNames?.length) return true;
  // A rule limited to names cannot allow create, list or watch of the collection.
  return a.name !== undefined && rule.resourceNames.includes(a.name);
}

export function authorize(identity: Identity, a: ResourceAttributes): void {
  if (!identity.roles) return;
  const ok = identity.roles.some((r) => r.namespace === a.namespace && r.rules.some((rule) => allows(rule, a)));
  if (ok) return;
  const [resource, sub] = a.resource.split('/');
  const subText = sub ? `, subresource "${sub}"` : '';
  throw forbidden(
    `${resource}${a.name ? ` "${a.name}"` : ''} is forbidden: User "${identity.username}" cannot ${a.verb} resource "${resource}" in API group "${a.group}"${subText} in the namespace "${a.namespace}"`,
    resource,
    a.name,
  );
}
