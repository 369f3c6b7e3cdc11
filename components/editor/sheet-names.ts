// Sheet names a person types into the grid's tab, checked before the grid takes them.

/** Excel's rules for a sheet name: 1–31 characters, none of : \\ / ? * [ ], not starting or ending with '. */
export function validSheetName(name: string): boolean {
  const n = name;
  return n.trim().length > 0 && n.trim() === n && n.length <= 31 && !/[:\\/?*[\]\u0000-\u001f]/.test(n) && !n.startsWith("'") && !n.endsWith("'") && n.toLowerCase() !== 'history';
}
