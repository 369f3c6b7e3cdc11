// Paths of the editor API, shared by the editor page (which preloads the document) and the client
// session (whose first fetch must use the very same URL to take the preloaded response).
export const editorApiBase = (runId: string) => `/api/v1/edit/${encodeURIComponent(runId)}`;
export const editorDocumentPath = (runId: string, token: string) => `${editorApiBase(runId)}/document?token=${encodeURIComponent(token)}`;
