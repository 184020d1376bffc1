// The JSON columns of courses and modules, and how they are read back.
import * as v from 'valibot';
import { parseStoredJson } from '../db/json';

export const objectivesSchema = v.array(v.string());
/** courses.certificate_modules: 'all', or the JSON list of module slugs the certificate needs. */
export const certificateModulesSchema = v.array(v.string());

export const readObjectives = (text: string) => parseStoredJson(objectivesSchema, text, 'module_texts.objectives');

export const readCertificateModules = (text: string): 'all' | string[] =>
	text === 'all' ? 'all' : parseStoredJson(certificateModulesSchema, text, 'courses.certificate_modules');
