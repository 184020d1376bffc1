// Tables that let several app instances share one database (issue 22; migration 0037).

export interface FlashValueTable {
	key: string;
	user_id: number;
	/** Encrypted (AES-GCM) JSON: see src/lib/server/http/flash.ts. */
	value: string;
	expires_at: number;
}

export interface StoredFileTable {
	/** 'uploads' (lesson images, course documents) or 'submissions' (assignment hand-ins). */
	area: string;
	/** The file's path inside UPLOADS_DIR or SUBMISSIONS_DIR as it would be on SQLite. */
	key: string;
	bytes: Uint8Array;
	size: number;
	created_at: number;
}
