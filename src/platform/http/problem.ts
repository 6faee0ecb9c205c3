/** An RFC 9457 problem document, with Pontes' stable error code. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  errors?: unknown[];
}

export const PROBLEM_TYPE_BASE = 'https://pontes.example/problems/';

export function problem(code: string, status: number, title: string, detail?: string, errors?: unknown[]): Problem {
  return {
    type: `${PROBLEM_TYPE_BASE}${code.toLowerCase().replace(/_/g, '-')}`,
    title,
    status,
    code,
    ...(detail !== undefined ? { detail } : {}),
    ...(errors !== undefined ? { errors } : {}),
  };
}
