import type { Metadata } from 'next';
import { ImagesLibrary } from '@/components/dashboard/images-library';
import { PageSuspense } from '@/components/dashboard/page-suspense';

export const metadata: Metadata = { title: 'Images' };

export default function Page() {
  return (
    <PageSuspense>
      <ImagesLibrary />
    </PageSuspense>
  );
}
