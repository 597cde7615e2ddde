// Why: the mapping from token roles and groups (as Keycloak issues them for GZAC/Valtimo) to what
// a caller may do in stuurinfo: read processes, and ingest events. Kept in one JSON file so a
// functional administrator can review it without reading code.
import fs from 'node:fs';
import { Principal } from './principal';

export interface Grant {
  /** Process keys this role may read; "*" for every process (also unconfigured ones). */
  read?: string[];
  /** May send events (ingestEvents). */
  ingest?: boolean;
}

export interface PermissionMap {
  roles: Record<string, Grant>;
}

export function parsePermissions(json: unknown, where: string, processKeys: string[]): PermissionMap {
  const problems: string[] = [];
  if (typeof json !== 'object' || json === null || typeof (json as PermissionMap).roles !== 'object') {
    throw new Error(`${where}: must be an object { "roles": { "<role or group>": { "read": ["<process>", …], "ingest": true } } }`);
  }
  const roles = (json as PermissionMap).roles;
  for (const [role, grant] of Object.entries(roles)) {
    if (typeof grant !== 'object' || grant === null) {
      problems.push(`roles.${role}: must be an object with read and/or ingest`);
      continue;
    }
    for (const key of Object.keys(grant)) if (!['read', 'ingest'].includes(key)) problems.push(`roles.${role}.${key}: unknown; use read and ingest`);
    if (grant.read !== undefined) {
      if (!Array.isArray(grant.read)) problems.push(`roles.${role}.read: must be a list of process keys or ["*"]`);
      else for (const p of grant.read) if (p !== '*' && !processKeys.includes(p)) problems.push(`roles.${role}.read: "${p}" is not a configured process (${processKeys.join(', ')})`);
    }
    if (grant.ingest !== undefined && typeof grant.ingest !== 'boolean') problems.push(`roles.${role}.ingest: must be true or false`);
  }
  if (problems.length) throw new Error(`${where}:\n- ${problems.join('\n- ')}`);
  return { roles };
}

export function loadPermissions(env: NodeJS.ProcessEnv, processKeys: string[]): PermissionMap {
  if (env.PERMISSIONS) return parsePermissions(JSON.parse(env.PERMISSIONS), 'PERMISSIONS', processKeys);
  const file = env.PERMISSIONS_FILE || 'config/permissions.json';
  if (!fs.existsSync(file)) throw new Error(`permissions file ${file} not found (set PERMISSIONS_FILE or PERMISSIONS)`);
  return parsePermissions(JSON.parse(fs.readFileSync(file, 'utf8')), file, processKeys);
}

/** What a caller with these roles may do: the union of the grants of its roles. */
export function principalFor(subject: string, roles: string[], map: PermissionMap): Principal {
  const readable = new Set<string>();
  let all = false;
  let canIngest = false;
  for (const role of roles) {
    const grant = map.roles[role];
    if (!grant) continue;
    for (const p of grant.read ?? []) {
      if (p === '*') all = true;
      else readable.add(p);
    }
    if (grant.ingest) canIngest = true;
  }
  return { subject, roles, readable: all ? 'all' : readable, canIngest };
}
