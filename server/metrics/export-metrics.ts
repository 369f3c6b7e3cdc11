// Export conversions and the LibreOffice pool's state. The pool tells the registry how to read it
// (reportExportPool); the registry reads it at scrape time.
import { metrics, type ExportPoolReading } from './registry';

export type Converter = 'libreoffice' | 'in_process' | 'rasterize';

export function recordExportConversion(converter: Converter): void {
  metrics().exportConversions.inc({ converter });
}

/** Installs the reading of the process's export pool (undefined when there is none yet). */
export function reportExportPool(read: () => ExportPoolReading | undefined): void {
  metrics().exportPool.read = () => read() ?? { maxListeners: 0, busy: 0, idle: 0, queued: 0 };
}
