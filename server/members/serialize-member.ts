import 'server-only';
import type { Membership, User } from '../db/generated/client';

export function serializeMember(m: Membership & { user: Pick<User, 'id' | 'email' | 'name'> }) {
  return {
    id: m.id,
    user_id: m.userId,
    email: m.user.email,
    name: m.user.name,
    role: m.role,
    created_at: m.createdAt.toISOString(),
  };
}
