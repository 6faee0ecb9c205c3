/**
 * The error catalogue: every error Pontes reports has a stable code, an HTTP status and a
 * message key (translated in locales/). The API answers application/problem+json with the
 * code; pages show the translated message. Codes never change once released.
 */
export const errorCatalogue = {
  NOT_FOUND: { status: 404, messageKey: 'errors.NOT_FOUND' },
  ROUTE_NOT_FOUND: { status: 404, messageKey: 'errors.ROUTE_NOT_FOUND' },
  VALIDATION_FAILED: { status: 400, messageKey: 'errors.VALIDATION_FAILED' },
  UNKNOWN_FILTER_VALUE: { status: 400, messageKey: 'errors.UNKNOWN_FILTER_VALUE' },
  UNAUTHENTICATED: { status: 401, messageKey: 'errors.UNAUTHENTICATED' },
  FORBIDDEN: { status: 403, messageKey: 'errors.FORBIDDEN' },
  SIGN_IN_FAILED: { status: 401, messageKey: 'errors.SIGN_IN_FAILED' },
  EMAIL_NOT_VERIFIED: { status: 403, messageKey: 'errors.EMAIL_NOT_VERIFIED' },
  CSRF_FAILED: { status: 403, messageKey: 'errors.CSRF_FAILED' },
  REGISTRATION_CLOSED: { status: 403, messageKey: 'errors.REGISTRATION_CLOSED' },
  LINK_INVALID: { status: 400, messageKey: 'errors.LINK_INVALID' },
  CONFLICT: { status: 409, messageKey: 'errors.CONFLICT' },
  VERSION_CONFLICT: { status: 409, messageKey: 'errors.VERSION_CONFLICT' },
  TRANSITION_NOT_ALLOWED: { status: 409, messageKey: 'errors.TRANSITION_NOT_ALLOWED' },
  VERSION_REQUIRED: { status: 428, messageKey: 'errors.VERSION_REQUIRED' },
  PAYLOAD_TOO_LARGE: { status: 413, messageKey: 'errors.PAYLOAD_TOO_LARGE' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, messageKey: 'errors.UNSUPPORTED_MEDIA_TYPE' },
  IMPORT_REFUSED: { status: 422, messageKey: 'errors.IMPORT_REFUSED' },
  TOO_MANY_REQUESTS: { status: 429, messageKey: 'errors.TOO_MANY_REQUESTS' },
  CONFIG_INVALID: { status: 500, messageKey: 'errors.CONFIG_INVALID' },
  DATA_FOLDER_IN_USE: { status: 503, messageKey: 'errors.DATA_FOLDER_IN_USE' },
  DATABASE_UNAVAILABLE: { status: 503, messageKey: 'errors.DATABASE_UNAVAILABLE' },
  USAGE: { status: 400, messageKey: 'errors.USAGE' },
  INTERNAL: { status: 500, messageKey: 'errors.INTERNAL' },
} as const satisfies Record<string, { status: number; messageKey: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

export interface PontesErrorOptions {
  /** Human-readable detail in English, for logs, the CLI and the API's `detail`. */
  detail?: string;
  /** Values interpolated into the translated message. */
  params?: Record<string, string | number>;
  /** Structured detail, e.g. the bad lines of an import. */
  errors?: unknown[];
  cause?: unknown;
}

/** The one error type that services throw; anything else is an internal error. */
export class PontesError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly params: Record<string, string | number>;
  readonly errors: unknown[] | undefined;

  constructor(code: ErrorCode, options: PontesErrorOptions = {}) {
    super(options.detail ?? code, options.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = 'PontesError';
    this.code = code;
    this.status = errorCatalogue[code].status;
    this.params = options.params ?? {};
    this.errors = options.errors;
  }

  get messageKey(): string {
    return errorCatalogue[this.code].messageKey;
  }
}

export function isPontesError(error: unknown): error is PontesError {
  return error instanceof PontesError;
}
