import { Type } from '@sinclair/typebox';
import { PlaceSchema } from '../places/index.js';
import { PracticeItem } from '../practices/index.js';

export const MatchQuery = Type.Object({
  need: Type.Optional(Type.String({ description: 'What the seeker needs, in their words (any language)' })),
  place: Type.Optional(Type.String({ description: "Id of the seeker's place; gives country and population" })),
  country: Type.Optional(Type.String({ description: 'ISO 3166-1 alpha-2, when the place has no record' })),
  population: Type.Optional(Type.Integer({ minimum: 0 })),
  sectors: Type.Optional(Type.String({ description: 'Comma-separated sector codes the seeker works on' })),
  challenges: Type.Optional(Type.String({ description: 'Comma-separated challenge codes the seeker faces' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, description: 'At most 50', default: 10 })),
});

const ExplanationSchema = Type.Object({
  factor: Type.String(),
  value: Type.Number({ description: 'Similarity on this factor, 0..1' }),
  weight: Type.Number({ description: 'Its weight in the score' }),
  contribution: Type.Number({ description: 'value × weight' }),
  text: Type.String({ description: 'The reason in plain words' }),
});

const ContextSchema = Type.Object({
  place: Type.Union([Type.String(), Type.Null()]),
  country: Type.Union([Type.String(), Type.Null()]),
  population: Type.Union([Type.Integer(), Type.Null()]),
  sectors: Type.Array(Type.String()),
  challenges: Type.Array(Type.String()),
});

export const PracticeMatches = Type.Object(
  { context: ContextSchema, items: Type.Array(Type.Object({ practice: PracticeItem, score: Type.Number(), explanation: Type.Array(ExplanationSchema) })) },
  { $id: 'PracticeMatches', title: 'PracticeMatches' },
);

export const PlaceMatches = Type.Object(
  { context: ContextSchema, items: Type.Array(Type.Object({ place: PlaceSchema, practices: Type.Integer(), score: Type.Number(), explanation: Type.Array(ExplanationSchema) })) },
  { $id: 'PlaceMatches', title: 'PlaceMatches' },
);
