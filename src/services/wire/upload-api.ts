/**
 * The storage upload, named as the client names it: the `method` of its errors and retry
 * events, and the proxy's upload route (`?api=storage.upload`).
 */
export const UPLOAD_API = 'storage.upload';
export type UploadApi = typeof UPLOAD_API;
