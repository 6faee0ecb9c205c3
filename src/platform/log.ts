/**
 * Messages for people go to stderr; stdout is kept for what a command was asked to print.
 * The server's request log is Fastify's pino logger, also on stderr.
 */
export const say = (message: string): void => {
  process.stderr.write(`${message}\n`);
};
