// Our own JSON Schema (draft 2019-09) for an Open Badges 3.0 OpenBadgeCredential as VC-JWT claims.
// It encodes what the 1EdTech schema `ob_v3p0_achievementcredential_schema.json` (published at
// https://purl.imsglobal.org/spec/ob/v3p0/schema/json/; read in 1EdTech/openbadges-specification,
// docs/schema/achievementcredential.json) and the spec (Open Badges 3.0, §§ AchievementCredential,
// AchievementSubject, Achievement, Profile, IdentityObject, CredentialStatus, and § JSON Web Token
// Proof Format for the JWT claims) require: the official file cannot be committed here, and no npm
// package ships it, so the required members and their types are restated, not copied.

const uri = { type: 'string', format: 'uri' } as const;
const dateTimeZ = { type: 'string', format: 'date-time', pattern: '(Z|[+-]\\d{2}:\\d{2})$' } as const;
/** "The value of the type property MUST be an unordered set. One of the items MUST be …" */
const typeSet = (...oneOf: string[]) => ({
	type: 'array',
	minItems: 1,
	items: { type: 'string' },
	anyOf: oneOf.map((t) => ({ contains: { const: t } }))
});

export const openBadgeCredentialJwtSchema = {
	$schema: 'https://json-schema.org/draft/2019-09/schema',
	$id: 'https://civicsteps.example/tests/ob-v3p0-credential-jwt.schema.json',
	type: 'object',
	required: ['@context', 'id', 'type', 'name', 'credentialSubject', 'issuer', 'validFrom', 'iss', 'jti', 'nbf', 'sub'],
	properties: {
		'@context': {
			type: 'array',
			minItems: 2,
			// VC Data Model 2.0 first, then an Open Badges 3.0 context.
			items: [{ const: 'https://www.w3.org/ns/credentials/v2' }],
			additionalItems: { anyOf: [{ type: 'string' }, { type: 'object' }] },
			contains: { type: 'string', pattern: '^https://purl\\.imsglobal\\.org/spec/ob/v3p0/context-3\\.0\\.\\d+\\.json$' }
		},
		id: uri,
		type: {
			allOf: [
				{ type: 'array', contains: { const: 'VerifiableCredential' } },
				typeSet('OpenBadgeCredential', 'AchievementCredential')
			]
		},
		name: { type: 'string', minLength: 1 },
		description: { type: 'string' },
		issuer: { $ref: '#/$defs/Profile' },
		validFrom: dateTimeZ,
		validUntil: dateTimeZ,
		credentialSubject: { $ref: '#/$defs/AchievementSubject' },
		credentialStatus: {
			type: 'object',
			required: ['id', 'type'],
			properties: { id: uri, type: { type: 'string' } }
		},
		// JWT claims (§ JWT Payload Format).
		iss: uri,
		jti: uri,
		sub: uri,
		nbf: { type: 'integer' },
		exp: { type: 'integer' }
	},
	additionalProperties: true,
	$defs: {
		Profile: {
			type: 'object',
			required: ['id', 'type'],
			properties: { id: uri, type: typeSet('Profile'), name: { type: 'string' }, url: uri },
			additionalProperties: true
		},
		AchievementSubject: {
			type: 'object',
			required: ['type', 'achievement'],
			properties: {
				id: uri,
				type: typeSet('AchievementSubject'),
				achievement: { $ref: '#/$defs/Achievement' },
				identifier: { type: 'array', items: { $ref: '#/$defs/IdentityObject' } },
				result: { type: 'array', items: { $ref: '#/$defs/Result' } }
			},
			// "Either id or at least one identifier MUST be supplied."
			anyOf: [
				{ required: ['id'] },
				{ required: ['identifier'], properties: { identifier: { type: 'array', minItems: 1 } } }
			],
			additionalProperties: true
		},
		Achievement: {
			type: 'object',
			required: ['id', 'type', 'criteria', 'description', 'name'],
			properties: {
				id: uri,
				type: typeSet('Achievement'),
				name: { type: 'string', minLength: 1 },
				description: { type: 'string', minLength: 1 },
				// AchievementType: an extensible enumeration (spec § AchievementType), other terms `ext:`.
				achievementType: {
					anyOf: [
						{
							enum: [
								'Achievement',
								'ApprenticeshipCertificate',
								'Assessment',
								'Assignment',
								'AssociateDegree',
								'Award',
								'Badge',
								'BachelorDegree',
								'Certificate',
								'CertificateOfCompletion',
								'Certification',
								'CommunityService',
								'Competency',
								'Course',
								'CoCurricular',
								'Degree',
								'Diploma',
								'DoctoralDegree',
								'Fieldwork',
								'GeneralEducationDevelopment',
								'JourneymanCertificate',
								'LearningProgram',
								'License',
								'Membership',
								'ProfessionalDoctorate',
								'QualityAssuranceCredential',
								'MasterCertificate',
								'MasterDegree',
								'MicroCredential',
								'ResearchDoctorate',
								'SecondarySchoolDiploma'
							]
						},
						{ type: 'string', pattern: '^ext:[a-zA-Z0-9._-]+$' }
					]
				},
				resultDescription: { type: 'array', items: { $ref: '#/$defs/ResultDescription' } },
				inLanguage: { type: 'string', pattern: '^[a-zA-Z]{2,3}(-[a-zA-Z0-9]+)*$' },
				// Criteria: an id or a narrative.
				criteria: {
					type: 'object',
					anyOf: [{ required: ['id'] }, { required: ['narrative'] }],
					properties: { id: uri, narrative: { type: 'string' } }
				}
			},
			additionalProperties: true
		},
		ResultDescription: {
			type: 'object',
			required: ['id', 'type', 'name', 'resultType'],
			properties: {
				id: uri,
				type: typeSet('ResultDescription'),
				name: { type: 'string', minLength: 1 },
				// ResultType: an extensible enumeration (spec § ResultType), other terms `ext:`.
				resultType: {
					anyOf: [
						{
							enum: [
								'GradePointAverage',
								'LetterGrade',
								'Percent',
								'PerformanceLevel',
								'PredictedScore',
								'RawScore',
								'Result',
								'RubricCriterion',
								'RubricCriterionLevel',
								'RubricScore',
								'ScaledScore',
								'Status'
							]
						},
						{ type: 'string', pattern: '^ext:[a-zA-Z0-9._-]+$' }
					]
				}
			},
			additionalProperties: true
		},
		Result: {
			type: 'object',
			required: ['type'],
			properties: { type: typeSet('Result'), resultDescription: uri, value: { type: 'string' } },
			additionalProperties: true
		},
		IdentityObject: {
			type: 'object',
			required: ['type', 'hashed', 'identityHash', 'identityType'],
			properties: {
				type: { const: 'IdentityObject' },
				hashed: { type: 'boolean' },
				// IdentityHash: "algorithm identifier, a $ separator, and a hash …" (md5 or sha256), hex.
				identityHash: { type: 'string' },
				identityType: {
					anyOf: [
						{
							enum: [
								'name',
								'sourcedId',
								'systemId',
								'productId',
								'userName',
								'accountId',
								'emailAddress',
								'nationalIdentityNumber',
								'isbn',
								'issn',
								'lisSourcedId',
								'oneRosterSourcedId',
								'sisSourcedId',
								'ltiContextId',
								'ltiDeploymentId',
								'ltiToolId',
								'ltiPlatformId',
								'ltiUserId',
								'identifier'
							]
						},
						{ type: 'string', pattern: '^ext:[a-zA-Z0-9._-]+$' }
					]
				},
				salt: { type: 'string' }
			},
			if: { properties: { hashed: { const: true } } },
			then: {
				properties: { identityHash: { type: 'string', pattern: '^(sha256\\$[0-9a-fA-F]{64}|md5\\$[0-9a-fA-F]{32})$' } }
			},
			additionalProperties: false
		}
	}
} as const;
