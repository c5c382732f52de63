/** The media type of a request, lower-cased, without parameters (`charset`, `boundary`). */
export const mediaTypeOf = (request: Request): string =>
  (request.headers.get('content-type') ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
