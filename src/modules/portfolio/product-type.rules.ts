/**
 * What a debt is, as the creditor declares it (CSV `product_type`). It decides the prescription term
 * (Código Civil art. 206, in the balance module) and the credit-card ceiling (Lei 14.690/2023).
 */
export const PRODUCT_TYPES = [
  'written_instrument',
  'loan',
  'credit_card_revolving',
  'credit_card_installment',
  'rent',
  'lodging_food',
  'professional_fees',
] as const;
export type ProductType = (typeof PRODUCT_TYPES)[number];

export function parseProductType(raw: string): ProductType | null {
  const v = raw.trim().toLowerCase();
  return (PRODUCT_TYPES as readonly string[]).includes(v) ? (v as ProductType) : null;
}
