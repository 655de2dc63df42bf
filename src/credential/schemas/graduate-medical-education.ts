// @internal (src/credential only)
import { date, subjectSchema, text } from './common.js';

export const GME_TRAINING_TYPES = ['internship', 'residency', 'fellowship'] as const;
export const GME_COMPLETION_STATUSES = ['completed', 'in progress', 'withdrawn', 'dismissed'] as const;

export const graduateMedicalEducationSchema = subjectSchema(
  'GraduateMedicalEducationCredential',
  'Graduate medical education (internship, residency or fellowship) training record',
  {
    name: text(),
    trainingType: { enum: GME_TRAINING_TYPES },
    specialty: text(),
    programName: text(300),
    startDate: date,
    endDate: { ...date, description: 'Last day of training; for training in progress, the expected last day' },
    completionStatus: { enum: GME_COMPLETION_STATUSES },
  },
  {
    acgmeProgramId: { type: 'string', pattern: '^[0-9]{10}$', description: '10-digit ACGME program number' },
    programDirector: text(),
  },
);
