// Practical assignments (issue 16): content format, learners' submissions, trainers' reviews.
export * from './assignments';
export * from './submissions';
export * from './reviews';
export { issueAfterAcceptance, learnerLocale } from './certify';
export { confirmedOrganisation, learnerThread, organisationsAccepted, threadOf, type Thread } from './threads';
export { checkFile, MAX_ZIP_ENTRIES, MAX_UNZIPPED_BYTES } from './files';
export { ASSIGNMENT_LIMITS, FILE_KINDS, type FileKind } from './format';
export { answerHtml } from './answers';
