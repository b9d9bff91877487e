import { Component, type ErrorInfo, type ReactNode } from 'react';
import { t } from '@/lib/i18n/t';

// One bad record (a stored value no test foresaw) must cost the reader that record, not the popup or the options
// page: React unmounts the whole tree on an error thrown while rendering, unless a boundary catches it.

type Props = {
  /** What is shown instead, once rendering the children threw. */
  fallback: ReactNode;
  /** What failed, for the log. */
  what: string;
  /** When this changes (the record was updated), the children are tried again. */
  resetKey?: unknown;
  children: ReactNode;
};
type State = { failed: boolean; resetKey: unknown };

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { failed: false, resetKey: this.props.resetKey };

  static getDerivedStateFromError(): Partial<State> {
    return { failed: true };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey === state.resetKey ? null : { failed: false, resetKey: props.resetKey };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error(`AI Safety Brief: could not show ${this.props.what}.`, error, info.componentStack);
  }

  override render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

/** One post's card; the list around it stays. */
export function PostBoundary({ resetKey, children }: { resetKey: unknown; children: ReactNode }) {
  return (
    <ErrorBoundary
      what="a post"
      resetKey={resetKey}
      fallback={
        <article className="card card--broken" data-testid="article-unshowable" tabIndex={-1}>
          <p className="muted">{t('error_post')}</p>
        </article>
      }
    >
      {children}
    </ErrorBoundary>
  );
}

/** One part of a page (the feed list, the import buttons); the other parts stay. */
export function SectionBoundary({ what, children }: { what: string; children: ReactNode }) {
  return (
    <ErrorBoundary
      what={what}
      fallback={
        <p className="notice" role="alert">
          {t('error_section')}
        </p>
      }
    >
      {children}
    </ErrorBoundary>
  );
}

/** A whole page: never blank, at worst a sentence and a way to try again. */
export function PageBoundary({ children }: { children: ReactNode }) {
  return (
    <ErrorBoundary
      what="the page"
      fallback={
        <main className="page-error">
          <p role="alert">{t('error_page')}</p>
          <button type="button" onClick={() => location.reload()}>
            {t('error_reload')}
          </button>
        </main>
      }
    >
      {children}
    </ErrorBoundary>
  );
}
