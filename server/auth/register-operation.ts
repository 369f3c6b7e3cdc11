import 'server-only';
import { errorResponses } from '../http/common-schemas';
import { defineOperation } from '../http/define-operation';
import { registerBody, registerResponse } from './schemas';

/** Not under /api/v1 (it lives at /api/auth/register) but uses the same plumbing and error shape. */
export const registerOp = defineOperation({
  method: 'POST',
  path: '/auth/register',
  operationId: 'register',
  summary: 'Register a dashboard user',
  description:
    'Creates the user and their personal organization, then sign in with the same email and password. The answer is the same 202 whether or not the email already had an account (an existing account is left unchanged), so it does not reveal which emails are registered. Passwords: at least PASSWORD_MIN_LENGTH (default 10) characters, not a common password.',
  tags: ['Accounts'],
  auth: 'none',
  body: registerBody,
  responses: {
    202: { description: 'Registration accepted: sign in with this email and password', schema: registerResponse },
    ...errorResponses(400, 403, 413, 415),
  },
});
