import { z } from 'zod';

export const userSchema = z.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable(), active: z.boolean() });
export type AcmeUser = z.infer<typeof userSchema>;

export const tagSchema = z.object({ id: z.string(), name: z.string() });
export type AcmeTag = z.infer<typeof tagSchema>;
