import 'server-only';
import type { Organization } from '../db/generated/client';

export function serializeOrganization(o: Organization) {
  return { id: o.id, name: o.name, kind: o.kind, created_at: o.createdAt.toISOString() };
}
