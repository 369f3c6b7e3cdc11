import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ImagesLibrary } from '@/components/dashboard/images-library';

export const metadata: Metadata = { title: 'Images' };

export default function Page() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <ImagesLibrary />
    </Suspense>
  );
}
