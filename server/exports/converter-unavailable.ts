// The one error for "this machine cannot convert": a missing LibreOffice, UNO bridge or poppler.
import { ApiError } from '../http/api-error';
import { LIBREOFFICE_PACKAGES } from '../documents/common/soffice';

export class ConverterUnavailableError extends Error {
  constructor(what: string) {
    super(`${what}. Install the Debian packages: apt-get install ${LIBREOFFICE_PACKAGES}`);
    this.name = 'ConverterUnavailableError';
  }
}

/** The API's 503 converter_unavailable for a ConverterUnavailableError. */
export function converterUnavailable(err: ConverterUnavailableError): ApiError {
  return new ApiError('converter_unavailable', `this export needs LibreOffice, which is not available here: ${err.message}`, {
    packages: LIBREOFFICE_PACKAGES.split(' '),
  });
}
