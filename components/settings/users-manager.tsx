"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Table, Td, Th } from "@/components/ui/table";
import { createUserAction, setUserDisabledAction, updateUserRolesAction } from "@/lib/actions/users";
import { ROLES, type Role } from "@/lib/auth/permissions";

type UserRow = { id: string; email: string; name: string; roles: Role[]; hubspotOwnerId: string | null; disabled: boolean };

function RoleBoxes({ name, value, onChange }: { name: string; value: Role[]; onChange: (roles: Role[]) => void }) {
  const t = useTranslations("roles");
  return (
    <fieldset className="flex flex-wrap gap-3">
      {ROLES.map((role) => (
        <label key={role} className="flex items-center gap-1 text-sm">
          <input
            type="checkbox"
            name={name}
            value={role}
            checked={value.includes(role)}
            onChange={(e) => onChange(e.target.checked ? [...value, role] : value.filter((r) => r !== role))}
          />
          {t(role)}
        </label>
      ))}
    </fieldset>
  );
}

function UserRowEditor({ user, isSelf }: { user: UserRow; isSelf: boolean }) {
  const t = useTranslations("users");
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const [ownerId, setOwnerId] = useState(user.hubspotOwnerId ?? "");
  const [message, setMessage] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <tr data-testid={`user-row-${user.email}`}>
      <Td>
        <div className="font-medium">{user.name}</div>
        <div className="text-xs text-slate-500">{user.email}</div>
      </Td>
      <Td>
        <RoleBoxes name={`roles-${user.id}`} value={roles} onChange={setRoles} />
      </Td>
      <Td>
        <Input aria-label={t("ownerId")} value={ownerId} onChange={(e) => setOwnerId(e.target.value)} className="h-8 w-32" />
      </Td>
      <Td>{user.disabled ? <Badge tone="danger">{t("disabled")}</Badge> : <Badge tone="success">{t("active")}</Badge>}</Td>
      <Td>
        <div className="flex flex-wrap gap-2">
          <Button
            size="sm"
            variant="secondary"
            disabled={pending}
            onClick={() =>
              start(async () => {
                const result = await updateUserRolesAction({ userId: user.id, roles, hubspotOwnerId: ownerId });
                setMessage(result.ok ? "✓" : result.message);
              })
            }
          >
            {t("updateRoles")}
          </Button>
          {!isSelf ? (
            <Button
              size="sm"
              variant={user.disabled ? "secondary" : "danger"}
              disabled={pending}
              onClick={() =>
                start(async () => {
                  const result = await setUserDisabledAction({ userId: user.id, disabled: !user.disabled });
                  setMessage(result.ok ? "✓" : result.message);
                })
              }
            >
              {user.disabled ? t("enable") : t("disable")}
            </Button>
          ) : null}
        </div>
        {message ? <p className="mt-1 text-xs text-slate-600" role="status">{message}</p> : null}
      </Td>
    </tr>
  );
}

export function UsersManager({ users, currentUserId }: { users: UserRow[]; currentUserId: string }) {
  const t = useTranslations("users");
  const [roles, setRoles] = useState<Role[]>(["sales"]);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("title")}</CardTitle>
      </CardHeader>
      <CardContent className="space-y-6">
        <Table>
          <thead>
            <tr>
              <Th>{t("name")}</Th>
              <Th>{t("roles")}</Th>
              <Th>{t("ownerId")}</Th>
              <Th>{t("status")}</Th>
              <Th />
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <UserRowEditor key={user.id} user={user} isSelf={user.id === currentUserId} />
            ))}
          </tbody>
        </Table>
        <form
          className="grid gap-3 rounded-md border border-dashed border-slate-300 p-4 md:grid-cols-2"
          action={(formData) =>
            start(async () => {
              formData.set("roles", roles.join(","));
              const result = await createUserAction(formData);
              setError(result.ok ? null : `${result.message}${result.fieldErrors ? `: ${Object.keys(result.fieldErrors).join(", ")}` : ""}`);
            })
          }
        >
          <h3 className="font-medium md:col-span-2">{t("add")}</h3>
          <div className="space-y-1">
            <Label htmlFor="new-email">{t("email")}</Label>
            <Input id="new-email" name="email" type="email" required />
          </div>
          <div className="space-y-1">
            <Label htmlFor="new-name">{t("name")}</Label>
            <Input id="new-name" name="name" required />
          </div>
          <div className="space-y-1">
            <Label htmlFor="new-password">{t("password")}</Label>
            <Input id="new-password" name="password" type="password" minLength={10} required />
          </div>
          <div className="space-y-1">
            <Label htmlFor="new-owner">{t("ownerId")}</Label>
            <Input id="new-owner" name="hubspotOwnerId" />
          </div>
          <div className="md:col-span-2">
            <RoleBoxes name="new-roles" value={roles} onChange={setRoles} />
          </div>
          {error ? <p role="alert" className="text-sm text-red-700 md:col-span-2">{error}</p> : null}
          <div className="md:col-span-2">
            <Button type="submit" disabled={pending}>
              {t("add")}
            </Button>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
