"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { cn } from "@/lib/utils";

export function NavLink({ href, children }: { href: string; children: ReactNode }) {
  const pathname = usePathname();
  const active = pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={cn("block rounded-md px-3 py-2 text-sm font-medium", active ? "bg-brand-50 text-brand-700" : "text-slate-700 hover:bg-slate-100")}
    >
      {children}
    </Link>
  );
}
