'use client';

import { signIn } from 'next-auth/react';
import { Button } from '@/components/ui/button';

/** One button per configured OAuth provider; nothing when none is configured. */
export function OAuthButtons({
  providers,
  callbackUrl,
}: {
  providers: Array<{ id: string; name: string }>;
  callbackUrl: string;
}) {
  if (!providers.length) return null;
  return (
    <>
      <div className="divider">or</div>
      <div className="stack oauth-buttons">
        {providers.map((p) => (
          <Button key={p.id} block onClick={() => void signIn(p.id, { callbackUrl })}>
            Continue with {p.name}
          </Button>
        ))}
      </div>
    </>
  );
}
