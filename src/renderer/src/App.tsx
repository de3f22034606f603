export function App(): React.JSX.Element {
  return <h1>NumerBay Desktop</h1>
}
