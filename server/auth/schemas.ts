import { z } from 'zod';
import { idParam, timestamp } from '../http/common-schemas';
import { passwordProblem } from './password-policy';

export const roleSchema = z.enum(['owner', 'admin', 'member']).meta({ id: 'Role' });
export const keyScopeSchema = z.enum(['workspace', 'personal']).meta({ id: 'KeyScope' });

export const organizationSchema = z
  .object({
    id: z.string().meta({ example: 'org_01J9Z3V8K6Q2T4X7B1N5M0C8D3' }),
    name: z.string(),
    kind: z.enum(['workspace', 'personal']),
    created_at: timestamp,
  })
  .meta({ id: 'Organization' });

export const apiKeySchema = z
  .object({
    id: z.string().meta({ example: 'key_01J9Z3V8K6Q2T4X7B1N5M0C8D3' }),
    org_id: z.string(),
    name: z.string(),
    prefix: z.string().meta({ description: 'First characters of the key, for recognising it.', example: 'dsk_4fT9aQ2x' }),
    scope: keyScopeSchema,
    role: roleSchema,
    created_by: z.string().nullable(),
    created_at: timestamp,
    last_used_at: timestamp.nullable(),
    expires_at: timestamp.nullable(),
    revoked_at: timestamp.nullable(),
  })
  .meta({ id: 'ApiKey' });

export const createdApiKeySchema = apiKeySchema
  .extend({
    key: z.string().meta({
      description: 'The secret key. Shown once: only its hash is stored.',
      example: 'dsk_4fT9aQ2xXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX',
    }),
  })
  .meta({ id: 'CreatedApiKey' });

export const keyName = z.string().trim().min(1).max(100);

export const createApiKeyBody = z
  .strictObject({
    name: keyName.optional().meta({ description: 'A label for the key (default "API key").' }),
    scope: keyScopeSchema.optional().meta({ description: 'workspace (default) or personal; fixed once minted.' }),
    expires_at: z.iso
      .datetime({ offset: true })
      .optional()
      .meta({ description: 'Optional expiry (ISO 8601, in the future).' }),
  })
  .meta({ id: 'CreateApiKeyRequest' });

export const orgKeyParams = z.strictObject({ org_id: idParam('org', 'Organization id') });
export const orgKeyItemParams = z.strictObject({
  org_id: idParam('org', 'Organization id'),
  key_id: idParam('key', 'API key id'),
});

export const signupBody = z
  .strictObject({
    org_name: z.string().trim().min(1).max(100).optional().meta({ description: 'Workspace name (default "<your name>\'s workspace").' }),
    key_name: keyName.optional(),
  })
  .meta({ id: 'SignupRequest' });

export const signupResponse = z
  .object({
    organization: organizationSchema,
    api_key: createdApiKeySchema,
    credits: z.object({ balance: z.number().int() }),
  })
  .meta({ id: 'SignupResponse' });

export const verifyResponse = z
  .object({
    valid: z.literal(true),
    org_id: z.string(),
    organization: organizationSchema,
    key: apiKeySchema.pick({ id: true, name: true, prefix: true, scope: true, role: true }),
    credits: z.object({ balance: z.number().int() }),
  })
  .meta({ id: 'VerifyResponse' });

export const registerBody = z
  .strictObject({
    email: z.email().max(254),
    password: z
      .string()
      .max(200)
      .superRefine((pw, ctx) => {
        const problem = passwordProblem(pw);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .meta({ description: 'At least PASSWORD_MIN_LENGTH (default 10) characters, not a common password.' }),
    name: z.string().trim().min(1).max(100).optional(),
  })
  .meta({ id: 'RegisterRequest' });

/** The same for a new email and for one that already has an account (registration reveals neither). */
export const registerResponse = z
  .object({
    status: z.literal('accepted'),
    email: z.string(),
    message: z.string(),
  })
  .meta({ id: 'RegisterResponse' });
