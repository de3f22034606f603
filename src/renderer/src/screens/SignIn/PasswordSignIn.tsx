import { Button, Card, Group, PasswordInput, Stack, Text, TextInput } from '@mantine/core'
import { IconKey, IconUser } from '@tabler/icons-react'
import { useState } from 'react'
import { useApi } from '../../app/ApiContext'
import { ErrorNotice } from '../../components/ErrorNotice'
import { useCall } from '../../hooks/useCall'
import { CardTitle } from '../../components/CardTitle'

/** Username and password, for accounts created with one on numerbay.ai. */
export function PasswordSignIn(): React.JSX.Element {
  const api = useApi()
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const signIn = useCall((u: string, p: string) => api.signInWithPassword({ username: u, password: p }), { notify: false })

  const submit = (event: React.FormEvent): void => {
    event.preventDefault()
    if (!username || !password) return
    void signIn.run(username, password).then((result) => {
      if (result.ok) setPassword('')
    })
  }

  return (
    <Card data-testid="password-sign-in">
      <CardTitle icon={IconKey} mb="xs">With username and password</CardTitle>
      <Text size="sm" c="dimmed" mb="md">
        For accounts that have a password on numerbay.ai. Unlocking your key still needs the wallet that created it.
      </Text>
      <form onSubmit={submit} aria-label="Sign in with username and password">
        <Stack gap="sm">
          <TextInput label="Username" autoComplete="username" leftSection={<IconUser size={16} />} value={username} onChange={(event) => setUsername(event.currentTarget.value)} required />
          <PasswordInput label="Password" autoComplete="current-password" value={password} onChange={(event) => setPassword(event.currentTarget.value)} required />
          <ErrorNotice error={signIn.error} onClose={signIn.reset} />
          <Group justify="flex-end">
            <Button type="submit" variant="default" loading={signIn.running} disabled={!username || !password} data-testid="sign-in-password">
              Sign in
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  )
}
