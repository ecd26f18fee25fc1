(ns dsbench.test-bridge
  "Runs clojure.test vars one at a time for the JUnit bridge (io.dsbench.lin.clojure.ClojureTestsTest), so that
  mvn verify runs the Clojure tests under surefire, one JUnit test per deftest."
  (:require [clojure.test :as t]))

(defn test-vars
  "The test vars of a namespace (required first), in source order."
  [ns-sym]
  (require ns-sym)
  (->> (vals (ns-interns ns-sym))
       (filter (comp :test meta))
       (sort-by (comp :line meta))
       vec))

(defn- describe-fail [m]
  (str (t/testing-vars-str m) (let [c (t/testing-contexts-str)] (when (seq c) (str " [" c "]")))
       (when (:message m) (str "\n  " (:message m)))
       "\n  expected: " (pr-str (:expected m))
       "\n    actual: " (pr-str (:actual m))))

(defn- describe-error [m]
  (let [a (:actual m)]
    (str (t/testing-vars-str m) (let [c (t/testing-contexts-str)] (when (seq c) (str " [" c "]")))
         (when (:message m) (str "\n  " (:message m)))
         "\n  error: "
         (if (instance? Throwable a)
           (with-out-str (.printStackTrace ^Throwable a (java.io.PrintWriter. *out*)))
           (pr-str a)))))

(defn run-var
  "Runs one test var (with its namespace's fixtures). Returns {:assertions n, :problems [text ...],
  :aborted throwable-or-nil}; :aborted is a JUnit TestAbortedException the test threw to say it was not run."
  [v]
  (let [problems (atom [])
        aborted (atom nil)
        n (atom 0)]
    (binding [t/report (fn [m]
                         (case (:type m)
                           :pass (swap! n inc)
                           :fail (do (swap! n inc) (swap! problems conj (describe-fail m)))
                           :error (if (instance? org.opentest4j.TestAbortedException (:actual m))
                                    (reset! aborted (:actual m))
                                    (swap! problems conj (describe-error m)))
                           nil))]
      (t/test-vars [v]))
    {:assertions @n, :problems @problems, :aborted @aborted}))
